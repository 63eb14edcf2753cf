import { type Inclusion, inclusionOf } from "../core/component-versions.js";
import { notFound } from "../core/errors.js";
import type { Queryable } from "../db/connect.js";

/** One product built from a version's component, and whether it has released that version yet. */
export interface VersionProduct extends Inclusion {
  productId: string;
  productSlug: string;
  productName: string;
  loopId: string;
}

/** A component version and, per product built from its component, whether a release includes it yet. */
export interface VersionProducts {
  version: { id: string; name: string; componentId: string; componentSlug: string; createdAt: Date };
  products: VersionProduct[];
}

/**
 * Which products built from a version's component have released it (or a newer version of the
 * component) and which still need a release: what a product's pipeline asks when a shared component
 * moves. withinLoop (a token bound to a loop) leaves other loops' products out.
 */
export async function versionProducts(q: Queryable, versionId: string, withinLoop?: string): Promise<VersionProducts> {
  const [version] = await q.query<VersionProducts["version"]>(
    `select v.id, v.name, v.component_id as "componentId", c.slug as "componentSlug", v.created_at as "createdAt"
       from versions v join components c on c.id = v.component_id where v.id = $1`,
    [versionId],
  );
  if (!version) throw notFound("version", versionId);
  // Every release of those products with its version of this component (at most one per release).
  const rows = await q.query<{
    product_id: string;
    slug: string;
    name: string;
    loop_id: string;
    release_id: string | null;
    release_name: string | null;
    release_created_at: Date | null;
    version_id: string | null;
    version_name: string | null;
    version_created_at: Date | null;
  }>(
    `select p.id as product_id, p.slug, p.name, p.loop_id,
            r.id as release_id, r.name as release_name, r.created_at as release_created_at,
            v.id as version_id, v.name as version_name, v.created_at as version_created_at
       from product_components pc
       join products p on p.id = pc.product_id
       left join (releases r join release_versions rv on rv.release_id = r.id join versions v on v.id = rv.version_id)
         on r.product_id = p.id and v.component_id = pc.component_id
      where pc.component_id = $1 and ($2::uuid is null or p.loop_id = $2)
      order by p.slug, r.id`,
    [version.componentId, withinLoop ?? null],
  );
  const products = new Map<string, { product: Omit<VersionProduct, keyof Inclusion>; releases: ReleaseRow[] }>();
  for (const row of rows) {
    const entry = products.get(row.product_id) ?? {
      product: { productId: row.product_id, productSlug: row.slug, productName: row.name, loopId: row.loop_id },
      releases: [],
    };
    products.set(row.product_id, entry);
    if (row.release_id && row.version_id && row.release_created_at && row.version_created_at) {
      entry.releases.push({
        releaseId: row.release_id,
        name: row.release_name ?? "",
        createdAt: row.release_created_at,
        version: { id: row.version_id, name: row.version_name ?? "", createdAt: row.version_created_at },
      });
    }
  }
  return {
    version,
    products: [...products.values()].map(({ product, releases }) => ({
      ...product,
      ...inclusionOf(version, releases),
    })),
  };
}

type ReleaseRow = Parameters<typeof inclusionOf>[1][number];
