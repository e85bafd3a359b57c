-- Issue 9, the "Recommend with Fullscript" link (decision D61): a connect started by a recommend link keeps what
-- to continue to after the callback, sealed (TokenCipher, bound to the state), never taken from the callback's query.
alter table oauth_state add column continuation_sealed varchar(4000);
