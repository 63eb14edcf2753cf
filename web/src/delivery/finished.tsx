import { When } from "../ui/when";
import type { Deployment } from "./use-delivery";

/**
 * When a deployment finished, or that it has not yet: by its status, not by `finishedAt` alone — a
 * deployment recorded before the API cleared it (a failed run started again) may still carry one.
 */
export function Finished({ deployment }: { deployment: Pick<Deployment, "status" | "finishedAt"> }) {
  switch (deployment.status) {
    case "pending":
      return <span className="muted">not started</span>;
    case "running":
      return <span className="muted">still running</span>;
    case "success":
    case "failed":
    case "rolled_back":
      return <When at={deployment.finishedAt} />;
    default: {
      const unknown: never = deployment.status;
      return <span className="muted">{unknown}</span>;
    }
  }
}
