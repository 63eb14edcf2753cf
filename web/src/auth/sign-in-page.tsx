import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { ErrorNote } from "../ui/states";
import { AuthFrame } from "./auth-frame";
import { useSignIn } from "./use-sign-in";

const route = getRouteApi("/sign-in");

/** Sign in with email and password: the session cookie, then back where the person was going. */
export function SignInPage() {
  const { next } = route.useSearch();
  const { submit, error, busy } = useSignIn(next);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <AuthFrame title="Sign in">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit(() => unwrap(api.POST("/session", { body: { email, password } })));
        }}
      >
        <Field
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && <ErrorNote error={error} />}
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <p className="muted">No account? An administrator invites you; the invitation's link sets your password.</p>
    </AuthFrame>
  );
}
