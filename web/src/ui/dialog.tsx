import { type ReactNode, useEffect, useRef } from "react";

/**
 * A modal dialog on the native <dialog> (focus trapped, Escape closes, inert page behind it): open while
 * mounted with open=true.
 */
export function Dialog(props: {
  open: boolean;
  onClose: () => void;
  label: string;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { open, onClose } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  useEffect(() => {
    const dialog = ref.current;
    const close = () => onClose();
    dialog?.addEventListener("close", close);
    return () => dialog?.removeEventListener("close", close);
  }, [onClose]);
  return (
    <dialog ref={ref} aria-label={props.label} className={props.wide ? "dialog dialog-wide" : "dialog"}>
      {open && props.children}
    </dialog>
  );
}
