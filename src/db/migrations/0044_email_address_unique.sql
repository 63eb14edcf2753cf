-- An email channel's address belongs to one channel, in any letters (docs/CHANNELS.md "Email in"): mail
-- to it reaches one channel, a second would never receive anything. A check after each write kept it
-- (src/services/resources.ts) but raced: two creates at once both passed it. This index refuses the
-- second whenever it comes; the channel resource names the channel that has the address (409 conflict).
--
-- Two email channels may share an address already (made before the check, or through its race). Mail
-- sent to it reached only the first by id (src/services/receive-email.ts emailChannelFor), so that one
-- keeps it; the others keep everything but the address: it goes from their config and stays on the
-- timeline (a channel `updated` by system:migration, before.config.address), for an owner to see what it
-- was and give them another. One that polls a mailbox (imapUrl) still receives its mail, but answers
-- From config.emailFrom until it has an address again.
with shared as (
  select id, address
    from (select id, config ->> 'address' as address,
                 row_number() over (partition by lower(config ->> 'address') order by id) as nth
            from channels where kind = 'email' and config ->> 'address' is not null) numbered
   where nth > 1
), cleared as (
  update channels c set config = c.config - 'address', updated_at = now()
    from shared s where c.id = s.id
  returning c.id, s.address
)
insert into timeline_events (actor, entity_type, entity_id, verb, before, after)
select 'system:migration', 'channel', id::text, 'updated',
       jsonb_build_object('config', jsonb_build_object('address', address)),
       jsonb_build_object('config', jsonb_build_object('address', null))
  from cleared;

create unique index channels_email_address on channels (lower(config ->> 'address')) where kind = 'email';
