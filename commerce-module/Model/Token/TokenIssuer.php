<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Token;

use InvalidArgumentException;

/**
 * Mints the signed token with which the admin page opens the service's admin pages.
 *
 * A JWT (RFC 7519) signed with HS256 over the shared secret:
 * header {"alg":"HS256","typ":"JWT"}, claims {"sub": admin user name, "aud": "amazon-orders-connector",
 * "iat": now, "exp": now + lifetime (at most 300 s), "jti": 32 random hex digits}.
 *
 * Plain PHP on purpose: no Magento class is needed, so it is unit-tested on its own.
 */
final class TokenIssuer
{
    public const AUDIENCE = 'amazon-orders-connector';
    public const MAX_LIFETIME = 300;
    public const MIN_SECRET_LENGTH = 32;

    private const HEADER = ['alg' => 'HS256', 'typ' => 'JWT'];
    private const JTI_BYTES = 16;

    /** @var \Closure(int): string */
    private \Closure $randomBytes;

    /**
     * @param \Closure(int): string|null $randomBytes source of the jti's random bytes (tests pin it)
     */
    public function __construct(?\Closure $randomBytes = null)
    {
        $this->randomBytes = $randomBytes ?? static fn (int $length): string => random_bytes($length);
    }

    /**
     * A token for $adminUser, valid from $now (default: the current time) for $lifetime seconds.
     *
     * @throws InvalidArgumentException when the secret is too short, the user empty or the lifetime
     *     outside 1..300 seconds
     */
    public function issue(
        string $secret,
        string $adminUser,
        int $lifetime = self::MAX_LIFETIME,
        ?int $now = null
    ): string {
        if (mb_strlen($secret, 'UTF-8') < self::MIN_SECRET_LENGTH) {
            throw new InvalidArgumentException(
                sprintf('The shared secret must be at least %d characters long.', self::MIN_SECRET_LENGTH)
            );
        }
        if ($adminUser === '') {
            throw new InvalidArgumentException('The admin user name is empty.');
        }
        if ($lifetime < 1 || $lifetime > self::MAX_LIFETIME) {
            throw new InvalidArgumentException(
                sprintf('The token lifetime must be between 1 and %d seconds.', self::MAX_LIFETIME)
            );
        }
        $issuedAt = $now ?? time();
        $claims = [
            'sub' => $adminUser,
            'aud' => self::AUDIENCE,
            'iat' => $issuedAt,
            'exp' => $issuedAt + $lifetime,
            'jti' => bin2hex(($this->randomBytes)(self::JTI_BYTES)),
        ];
        $signingInput = self::encodeJson(self::HEADER) . '.' . self::encodeJson($claims);

        return $signingInput . '.' . self::base64Url(hash_hmac('sha256', $signingInput, $secret, true));
    }

    /**
     * Base64url (RFC 4648 section 5) without padding.
     */
    public static function base64Url(string $bytes): string
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    /**
     * @param array<string, int|string> $data
     */
    private static function encodeJson(array $data): string
    {
        $flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR;

        return self::base64Url(json_encode($data, $flags));
    }
}
