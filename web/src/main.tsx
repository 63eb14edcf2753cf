import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { queryClient, whenSignedOut } from "./api/query-client";
import { router } from "./router";
import { applyTheme } from "./shell/theme";
import "./styles.css";

applyTheme();
whenSignedOut(() => {
  if (router.state.location.pathname === "/sign-in") return;
  queryClient.setQueryData(["session"], null);
  router.navigate({ to: "/sign-in", search: { next: router.state.location.href } });
});
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
