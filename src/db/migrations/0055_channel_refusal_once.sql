-- A channel's refusals, each cause once (docs/CHANNELS.md "Health"): the same code and reason again moves
-- that refusal's time instead of adding a row. Every event of a renamed repository, or a sender retrying,
-- pushed the other causes out of the few kept; and concurrent deliveries refused alike each added one.

delete from channel_refusals r
 where exists (select 1 from channel_refusals o
                where o.channel_id = r.channel_id and o.code = r.code and o.reason = r.reason and o.id > r.id);

create unique index channel_refusals_cause on channel_refusals (channel_id, code, md5(reason));
