import { type ReactNode, useId, useState } from "react";

/**
 * A text field that chooses from the options it lists (the command palette, "Attach to a pattern"): the
 * input keeps focus and points at one option (aria-activedescendant); ↑ ↓ move, Enter chooses, and a
 * click is the mouse's way. `children` are shown under the options (searching…, nothing matches).
 */
export function Combobox<T>(props: {
  label: string;
  placeholder: string;
  listLabel: string;
  value: string;
  onChange: (value: string) => void;
  options: T[];
  optionKey: (option: T) => string;
  renderOption: (option: T) => ReactNode;
  onChoose: (option: T) => void;
  children?: ReactNode;
}) {
  const { options, onChoose } = props;
  const [active, setActive] = useState(0);
  const listId = useId();
  const chosen = Math.min(active, Math.max(options.length - 1, 0));
  const count = Math.max(options.length, 1);
  return (
    <>
      <input
        // biome-ignore lint/a11y/noAutofocus: a combobox opens in a dialog that exists to be typed into.
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={options[chosen] ? `${listId}-${chosen}` : undefined}
        aria-label={props.label}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(event) => {
          props.onChange(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          const option = options[chosen];
          if (event.key === "ArrowDown") setActive((chosen + 1) % count);
          else if (event.key === "ArrowUp") setActive((chosen - 1 + count) % count);
          else if (event.key === "Enter" && option !== undefined) onChoose(option);
          else return;
          event.preventDefault();
        }}
      />
      <div id={listId} role="listbox" aria-label={props.listLabel} className="palette-results">
        {options.map((option, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input handles the keys for every option.
          <div
            key={props.optionKey(option)}
            tabIndex={-1}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === chosen}
            onMouseMove={() => setActive(index)}
            onClick={() => onChoose(option)}
          >
            {props.renderOption(option)}
          </div>
        ))}
        {props.children}
      </div>
    </>
  );
}
