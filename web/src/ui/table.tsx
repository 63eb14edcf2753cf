import type { ComponentProps } from "react";

/**
 * A table of the shared style that scrolls sideways inside its own box when it is wider than the screen
 * (a phone): the window itself never does.
 */
export function Table({ className, ...props }: ComponentProps<"table">) {
  return (
    <div className="table-scroll">
      <table className={className ? `table ${className}` : "table"} {...props} />
    </div>
  );
}
