import type { Queryable } from "../db/connect.js";

/**
 * Keeps which products an improvement's component targets mean (docs/API.md "Improvements on
 * components"): every product built from the component when the improvement was approved (or started),
 * kept from then on; a component added later counts its products at that time. A proposed improvement
 * keeps none: until approved, today's products count.
 */
export async function keepComponentTargets(q: Queryable, improvementId: string): Promise<void> {
  await q.query(
    `delete from improvement_component_products icp
      where icp.improvement_id = $1
        and ((select status from improvements where id = $1) = 'proposed'
             or icp.component_id not in (select component_id from improvement_components where improvement_id = $1))`,
    [improvementId],
  );
  await q.query(
    `insert into improvement_component_products (improvement_id, component_id, product_id)
     select ic.improvement_id, ic.component_id, pc.product_id
       from improvement_components ic
       join improvements i on i.id = ic.improvement_id and i.status <> 'proposed'
       join product_components pc on pc.component_id = ic.component_id
      where ic.improvement_id = $1
        and not exists (select 1 from improvement_component_products x
                         where x.improvement_id = ic.improvement_id and x.component_id = ic.component_id)
     on conflict do nothing`,
    [improvementId],
  );
}
