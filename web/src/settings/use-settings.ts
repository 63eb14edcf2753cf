import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

/** The installation's people (one page of 200: invitations and roles pick from it). */
export function useUsers() {
  return useQuery({
    queryKey: ["user", "list"],
    queryFn: () => unwrap(api.GET("/users", { params: { query: { limit: 200 } } })),
    select: (page) => page.items,
  });
}

/**
 * A change that refreshes the lists of the entity types it names when it succeeds: the settings' forms
 * are all "send, then show the list again".
 */
export function useChange<Input, Output>(types: string[], run: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => Promise.all(types.map((type) => queryClient.invalidateQueries({ queryKey: [type] }))),
  });
}
