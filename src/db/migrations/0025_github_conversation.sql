-- GitHub issue comments join the one conversation model (issue #12 item 2): a comment on a feedback
-- issue is a row of messages (channel_kind 'github', external_id GitHub's comment id) like an email reply
-- or a forum post, and github_comments (0019's stand-in) goes. Comments that came in move with their author
-- found by login (contacts.github_login); the rows Loopwork wrote itself ('out') were the snapback
-- comments, whose record is their notification (the conversation shows it), so they do not move.
insert into messages (signal_id, channel_kind, direction, external_id, author_contact_id, body, status, raw,
                      created_at)
select g.signal_id, 'github', 'in', g.comment_id::text,
       (select c.id from contacts c where lower(c.github_login) = lower(g.author) order by c.id limit 1),
       g.body, 'received', jsonb_build_object('login', g.author, 'url', g.url, 'commentId', g.comment_id),
       g.created_at
  from github_comments g
 where g.direction = 'in'
on conflict (channel_kind, external_id) where external_id is not null do nothing;

drop table github_comments;
