-- Deployment truth (DESIGN §2, docs/API.md "Deployment truth"): a fix is live for a person only where
-- the release that contains it runs. What runs in an environment of a product is the release of its
-- latest successful deployment there that was not rolled back; snapback and rollback both recompute
-- what that changes.

-- An environment serves one product, or every product (product_id null).
alter table environments add column product_id uuid references products;
-- Accounts pinned to an environment (a region, an on-premises fleet, a canary group): their people are
-- reached there. Contacts are pinned one by one in contact_environments.
alter table environments add column accounts text[] not null default '{}';
alter table environments add column updated_at timestamptz not null default now();

create table contact_environments (
  contact_id uuid not null references contacts on delete cascade,
  environment text not null references environments on delete cascade,
  primary key (contact_id, environment)
);
create index contact_environments_environment on contact_environments (environment);

-- A deployment's product, copied from its release: "what runs where" is read per product and environment.
alter table deployments add column product_id uuid references products;
update deployments d set product_id = r.product_id from releases r where r.id = d.release_id;
create function deployments_product() returns trigger language plpgsql as $$
begin
  if new.product_id is null then
    select product_id into new.product_id from releases where id = new.release_id;
  end if;
  return new;
end $$;
create trigger deployments_product before insert on deployments
  for each row execute function deployments_product();
alter table deployments alter column product_id set not null;
alter table deployments add column rolled_back_at timestamptz;
-- The current deployment of a product in an environment: its latest success.
create index deployments_current on deployments (product_id, environment, finished_at desc) where status = 'success';

-- A signal may say which product (and version of it) the person runs.
alter table signals add column product_id uuid references products;

-- Improvements may target components: every product built from the component when the improvement was
-- approved (improvement_component_products keeps that list; before approval, today's products count).
create table improvement_components (
  improvement_id uuid not null references improvements on delete cascade,
  component_id uuid not null references components,
  primary key (improvement_id, component_id)
);
create index improvement_components_component on improvement_components (component_id);
create table improvement_component_products (
  improvement_id uuid not null references improvements on delete cascade,
  component_id uuid not null references components,
  product_id uuid not null references products,
  primary key (improvement_id, component_id, product_id)
);

-- A notification withdrawn by a rollback: not sent yet, it is cancelled; already sent, its person gets
-- one follow-up in the same thread. When the fix is live for them again they get a new notification, so
-- "one per contact per pattern per generation" holds among those not withdrawn.
alter table notifications add column withdrawn_at timestamptz;
alter table notifications add column withdrawn_by uuid;
alter table notifications drop constraint notifications_status_check;
alter table notifications add constraint notifications_status_check
  check (status in ('queued', 'sent', 'failed', 'cancelled'));
alter table notifications drop constraint notifications_pattern_id_contact_id_generation_key;
create unique index notifications_current on notifications (pattern_id, contact_id, generation)
  where withdrawn_at is null;

alter table outbox drop constraint outbox_status_check;
alter table outbox add constraint outbox_status_check
  check (status in ('pending', 'sending', 'delivered', 'dead', 'cancelled'));

-- Before this, a rollback made its unsent notifications dead letters and took nothing else back: they
-- are withdrawn now, so that when the fix is live again those people are told (settle-truth.ts).
update notifications n set withdrawn_at = now(), withdrawn_by = n.deployment_id, status = 'cancelled'
  from outbox o
 where o.notification_id = n.id and o.status = 'dead' and n.status = 'queued'
   and o.last_error = 'The deployment was rolled back before this was sent.';
update outbox set status = 'cancelled'
 where status = 'dead' and last_error = 'The deployment was rolled back before this was sent.';
