import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { ErrorNote } from "../ui/states";
import { AuthFrame } from "./auth-frame";
import { useSignIn } from "./use-sign-in";

const setupRoute = getRouteApi("/setup/$token");
const invitationRoute = getRouteApi("/invitations/$token");
const passwordHint = "12 characters or more; a long phrase is easiest to remember.";

/** The first-run link's page: creates the first administrator and signs them in. */
export function SetupPage() {
  const { token } = setupRoute.useParams();
  const { submit, error, busy } = useSignIn("/");
  const [form, setForm] = useState({ email: "", name: "", password: "" });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <AuthFrame title="Create the first administrator">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit(() => unwrap(api.POST("/setup/{token}", { params: { path: { token } }, body: form })));
        }}
      >
        <Field label="Email" type="email" autoComplete="username" required value={form.email} onChange={set("email")} />
        <Field label="Name" autoComplete="name" required value={form.name} onChange={set("name")} />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          hint={passwordHint}
          value={form.password}
          onChange={set("password")}
          error={error?.path === "body.password" ? error.message : undefined}
        />
        {error && error.path !== "body.password" && <ErrorNote error={error} />}
        <Button type="submit" variant="primary" disabled={busy}>
          Create the first administrator
        </Button>
      </form>
    </AuthFrame>
  );
}

/** An invitation link's page: the invited person chooses a password and is signed in. */
export function InvitationPage() {
  const { token } = invitationRoute.useParams();
  const { submit, error, busy } = useSignIn("/");
  const [password, setPassword] = useState("");
  return (
    <AuthFrame title="Choose your password">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit(() => unwrap(api.POST("/invitations/{token}", { params: { path: { token } }, body: { password } })));
        }}
      >
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          hint={passwordHint}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error?.path === "body.password" ? error.message : undefined}
        />
        {error && error.path !== "body.password" && <ErrorNote error={error} />}
        <Button type="submit" variant="primary" disabled={busy}>
          Choose this password
        </Button>
      </form>
    </AuthFrame>
  );
}
