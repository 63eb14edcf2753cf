import { z } from "zod";

/**
 * An id as a request may give it: a UUID in any case (RFC 9562 reads them so, as PostgreSQL does),
 * lowercased. The services compare ids as strings with what the database answers (always lowercase),
 * so `01A2…` taken as it was found the pattern by GET but was "No pattern with id …" to a merge.
 */
export const uuid = () => z.uuid().toLowerCase();
