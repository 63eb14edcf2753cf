import { useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate } from "@tanstack/react-router";
import { useRef, useState } from "react";
import { useLiveUpdates } from "../api/live";
import { useSession } from "../api/session";
import { areas } from "./areas";
import { CommandPalette } from "./command-palette";
import { LoopSwitcher } from "./loop-switcher";
import { ShortcutList } from "./shortcut-list";
import { useShortcuts } from "./shortcuts";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/** The workspace's frame: navigation, loop switcher, search, theme and the person; the screen in the middle. */
export function Layout() {
  const queryClient = useQueryClient();
  const session = useSession().data;
  const navigate = useNavigate();
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const awaitingG = useRef(0);
  useLiveUpdates(queryClient, Boolean(session));
  useShortcuts([
    {
      keys: "/",
      what: "Search and jump anywhere",
      run: () => {
        setPalette(true);
        return true;
      },
    },
    {
      keys: "?",
      what: "Show the keyboard shortcuts",
      run: () => {
        setHelp(true);
        return true;
      },
    },
  ]);
  // Before the screen's own shortcuts: on Triage "g k" goes to the knowledge base, "k" alone moves up.
  useShortcuts(
    [
      {
        keys: "g",
        what: "Then a letter: go to a screen (g h Home, g t Triage …)",
        run: () => {
          awaitingG.current = Date.now();
          return true;
        },
      },
      ...areas.map((area) => ({
        keys: area.key,
        what: `After g: ${area.label}`,
        run: () => {
          // Only as the second key of "g <letter>", within a second: alone the letter is the screen's.
          if (Date.now() - awaitingG.current > 1000) return false;
          awaitingG.current = 0;
          navigate({ to: area.to });
          return true;
        },
      })),
    ],
    { first: true },
  );
  // Ctrl-K also from inside a text field (it types nothing there).
  useShortcuts([
    {
      keys: "Ctrl+k",
      what: "Search and jump anywhere (also while typing)",
      inFields: true,
      run: () => {
        setPalette(true);
        return true;
      },
    },
  ]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to the content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Loopwork home">
          Loopwork
        </Link>
        <LoopSwitcher />
        <button type="button" className="search-button" onClick={() => setPalette(true)}>
          Search or jump to… <kbd className="kbd">Ctrl K</kbd>
        </button>
        <div className="topbar-end">
          <button
            type="button"
            className="button button-plain"
            onClick={() => setHelp(true)}
            aria-label="Keyboard shortcuts"
          >
            ?
          </button>
          <ThemeToggle />
          <UserMenu />
        </div>
      </header>
      <nav className="sidebar" aria-label="Workspace">
        <ul>
          {areas.map((area) => (
            <li key={area.to}>
              <Link to={area.to} activeOptions={{ exact: area.to === "/" }} activeProps={{ "aria-current": "page" }}>
                {area.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
      <CommandPalette open={palette} onClose={() => setPalette(false)} />
      <ShortcutList open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
