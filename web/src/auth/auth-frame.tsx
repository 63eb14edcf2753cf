import type { ReactNode } from "react";

/** The frame of the pages before the workspace (sign-in, first run, invitation): one look for all. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
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
