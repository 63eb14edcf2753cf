import type { ButtonHTMLAttributes } from "react";

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "plain" | "danger" };

/** The one button: a real <button>, type="button" unless told, focus ring from the stylesheet. */
export function Button({ variant = "plain", type = "button", className, ...rest }: Props) {
  return <button type={type} className={`button button-${variant} ${className ?? ""}`} {...rest} />;
}
