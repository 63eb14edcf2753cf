import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { api, setCsrfToken, unwrap } from "../api/client";
import { useSession } from "../api/session";

/** The signed-in person's name and the sign-out button. */
export function UserMenu() {
  const session = useSession().data;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  if (!session) return null;
  const signOut = async () => {
    await unwrap(api.DELETE("/session"));
    setCsrfToken(null);
    queryClient.clear();
    queryClient.setQueryData(["session"], null);
    await navigate({ to: "/sign-in", search: { next: undefined } });
  };
  return (
    <div className="user-menu">
      <span className="user-name" title={session.user.email}>
        {session.user.name}
      </span>
      <button type="button" className="button button-plain" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}
