import { effectiveTheme, setTheme, useTheme } from "./theme";

/** Switches between light and dark (the first choice follows the system's). */
export function ThemeToggle() {
  const choice = useTheme();
  const now = effectiveTheme(choice);
  const next = now === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      className="button button-plain"
      aria-label={`Use the ${next} theme`}
      title={`Use the ${next} theme`}
      onClick={() => setTheme(next)}
    >
      {now === "dark" ? "☀" : "☾"}
    </button>
  );
}
