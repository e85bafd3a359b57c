-- Launch links work once: each carries a nonce, remembered here until the link expires (pruned after that, when
-- the expiry check refuses the link anyway). The primary key makes "first use wins" atomic across nodes.
create table launch_nonce (
    tenant      varchar(64)              not null,
    nonce       varchar(128)             not null,
    action      varchar(32)              not null,
    used_at     timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    primary key (tenant, nonce)
);
create index ix_launch_nonce_expires on launch_nonce (expires_at);

-- The browser that started a connect flow: SHA-256 (hex) of the random value in its HttpOnly cookie.
alter table oauth_state add column browser_hash varchar(64);
