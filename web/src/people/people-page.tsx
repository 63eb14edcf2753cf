import { Link } from "@tanstack/react-router";
import { memo, useDeferredValue, useMemo, useState } from "react";
import { Button } from "../ui/button";
import { ErrorNote, Loading, PageHeader } from "../ui/states";
import { Table } from "../ui/table";
import { When } from "../ui/when";
import { usePeople } from "./use-people";

/** The people behind the signals, searchable by name, email or account. */
export function PeoplePage() {
  const [q, setQ] = useState("");
  // Typing stays instant; the search follows the last words typed.
  const words = useDeferredValue(q);
  const people = usePeople(words);
  // The same array while the data is the same: typing re-renders the field, not the 100 rows below it.
  const rows = useMemo(() => people.data?.pages.flatMap((page) => page.items) ?? [], [people.data]);
  return (
    <section>
      <PageHeader title="People" />
      <search className="filters sticky-filters">
        <label>
          Search people
          <input
            type="search"
            value={q}
            maxLength={200}
            placeholder="name, email or account"
            onChange={(e) => setQ(e.target.value)}
          />
        </label>
      </search>
      {people.error && <ErrorNote error={people.error} />}
      {people.isPending && <Loading what="Loading people" />}
      {!people.isPending && rows.length === 0 && <p className="muted">Nobody found.</p>}
      {rows.length > 0 && <PeopleTable rows={rows} />}
      {people.hasNextPage && (
        <Button disabled={people.isFetchingNextPage} onClick={() => people.fetchNextPage()}>
          Show more people
        </Button>
      )}
    </section>
  );
}

type Person = NonNullable<ReturnType<typeof usePeople>["data"]>["pages"][number]["items"][number];

/**
 * The table of people, rendered again only when its rows change: a keystroke in the search field, or the
 * deferred render that asks for the new words, leaves it alone (a row's Link is the costly part).
 */
const PeopleTable = memo(function PeopleTable({ rows }: { rows: Person[] }) {
  return (
    <Table>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Account</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.id}>
            <td>
              <Link to="/people/$id" params={{ id: c.id }}>
                {c.name}
              </Link>
            </td>
            <td>{c.email ?? <span className="muted">—</span>}</td>
            <td>{c.account ?? <span className="muted">—</span>}</td>
            <td>
              <When at={c.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
});
