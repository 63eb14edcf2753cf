import type { ReactNode } from "react";
import { useDocumentTitle } from "../ui/states";

/** The frame of the pages before the workspace (sign-in, first run, invitation): one look for all. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <main className="auth">
      <div className="auth-card">
        <p className="brand">Loopwork</p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
