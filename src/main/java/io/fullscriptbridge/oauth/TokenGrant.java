package io.fullscriptbridge.oauth;

import java.time.Instant;

/**
 * What Fullscript's token endpoint answered (shared/fullscript-api.md §2): the {@code oauth} object.
 * {@link #toString()} hides the tokens.
 */
public record TokenGrant(String accessToken, String refreshToken, String scope, Instant createdAt, long expiresIn,
                         String resourceOwnerId, String resourceOwnerType) {

    public Instant expiresAt() {
        return createdAt.plusSeconds(expiresIn);
    }

    @Override
    public String toString() {
        return "TokenGrant[resourceOwnerId=" + resourceOwnerId + ", type=" + resourceOwnerType + ", expiresAt=" + expiresAt() + "]";
    }
}
