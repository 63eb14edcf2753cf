import { Dialog } from "../ui/dialog";
import { Kbd } from "../ui/kbd";
import { activeShortcuts } from "./shortcuts";

/** The `?` list: every shortcut in force on this screen. */
export function ShortcutList({ open, onClose }: { open: boolean; onClose: () => void }) {
  const seen = new Set<string>();
  const shortcuts = open
    ? activeShortcuts().filter(
        (s) => !seen.has(s.keys + s.what) && seen.add(s.keys + s.what) && !s.what.startsWith("After g"),
      )
    : [];
  return (
    <Dialog open={open} onClose={onClose} label="Keyboard shortcuts">
      <h2>Keyboard shortcuts</h2>
      <table className="shortcut-table">
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.keys + s.what}>
              <td>
                {s.keys.split(" or ").map((k) => (
                  <Kbd key={k}>{k}</Kbd>
                ))}
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
          <tr>
            <td>
              <Kbd>Esc</Kbd>
            </td>
            <td>Close a dialog</td>
          </tr>
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="button button-primary">
          Close
        </button>
      </form>
    </Dialog>
  );
}
