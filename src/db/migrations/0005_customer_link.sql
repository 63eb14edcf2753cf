-- The customers' own view (docs/SECURITY.md): a contact asks for a fresh link to it by email. The
-- outbox carries that email as kind 'customer_link', its payload naming the contact only: the link is
-- signed when the email is sent and never stored.
alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check check (kind in ('notification', 'webhook', 'customer_link'));
