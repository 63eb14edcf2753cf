-- The product filters at scale: the knowledge base's (patterns with a signal about a product) and the
-- signal list's (`GET /signals?productId=`).
--
-- The patterns' filter joined every attached signal to its row to look at its product: at a million
-- signals a sequential read of signals (~300 ms), whatever the page. The attachment triggers now keep a
-- tally per pattern and product, as they keep one per channel (pattern_channels, migration 0021), and
-- the filter probes it. The signal list's filter read signals newest first until it found a page of
-- the product's: a partial index on the product, for signals that name one, answers it in order.
-- Attachments written by another process while this runs would be missing from the tallies: writers wait.
lock table signal_patterns, signals in share row exclusive mode;
create table pattern_products (
  pattern_id uuid not null references patterns on delete cascade,
  product_id uuid not null references products on delete cascade,
  signals integer not null,
  primary key (pattern_id, product_id)
);
create index pattern_products_product on pattern_products (product_id);
insert into pattern_products (pattern_id, product_id, signals)
select sp.pattern_id, s.product_id, count(*)
  from signal_patterns sp join signals s on s.id = sp.signal_id
 where s.product_id is not null group by 1, 2;

create index signals_product on signals (product_id, id) where product_id is not null;

-- After the aggregates' triggers (triggers of one event fire in name order): they have locked the
-- patterns touched in id order, so two batches never wait on each other's tallies in opposite orders.
create function loopwork_pattern_products_attached() returns trigger language plpgsql as $$
begin
  insert into pattern_products (pattern_id, product_id, signals)
  select a.pattern_id, s.product_id, count(*)
    from added a cross join lateral (select s.product_id from signals s where s.id = a.signal_id offset 0) s
   where s.product_id is not null group by 1, 2
   order by 1, 2
  on conflict (pattern_id, product_id) do update set signals = pattern_products.signals + excluded.signals;
  return null;
end
$$;
create trigger signal_patterns_attached_products after insert on signal_patterns
  referencing new table as added for each statement execute function loopwork_pattern_products_attached();

create function loopwork_pattern_products_detached() returns trigger language plpgsql as $$
begin
  update pattern_products pp set signals = pp.signals - x.n
    from (select r.pattern_id, s.product_id, count(*)::int as n
            from removed r cross join lateral (select s.product_id from signals s where s.id = r.signal_id offset 0) s
           where s.product_id is not null group by 1, 2) x
   where pp.pattern_id = x.pattern_id and pp.product_id = x.product_id;
  delete from pattern_products where pattern_id in (select pattern_id from removed) and signals <= 0;
  return null;
end
$$;
create trigger signal_patterns_detached_products after delete on signal_patterns
  referencing old table as removed for each statement execute function loopwork_pattern_products_detached();

-- A signal's product is set when it arrives; should one change (by hand, in SQL), its patterns' tallies follow.
create function loopwork_signal_product_changed() returns trigger language plpgsql as $$
begin
  update pattern_products pp set signals = pp.signals - 1
   where pp.product_id = old.product_id
     and pp.pattern_id in (select sp.pattern_id from signal_patterns sp where sp.signal_id = new.id);
  delete from pattern_products where product_id = old.product_id and signals <= 0;
  insert into pattern_products (pattern_id, product_id, signals)
  select sp.pattern_id, new.product_id, 1 from signal_patterns sp where sp.signal_id = new.id and new.product_id is not null
  on conflict (pattern_id, product_id) do update set signals = pattern_products.signals + 1;
  return null;
end
$$;
create trigger signals_product_changed after update of product_id on signals for each row
  when (old.product_id is distinct from new.product_id) execute function loopwork_signal_product_changed();
