<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\Token;

use AmazonOrders\Bridge\Model\Token\TokenIssuer;
use InvalidArgumentException;
use PHPUnit\Framework\TestCase;

class TokenIssuerTest extends TestCase
{
    private const SECRET = '0123456789abcdef0123456789abcdef-vector';
    private const NOW = 1700000000;

    /**
     * Computed independently (Python's hmac/hashlib/base64 over the same header and claims bytes).
     */
    private const VECTOR = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.'
        . 'eyJzdWIiOiJhZG1pbiIsImF1ZCI6ImFtYXpvbi1vcmRlcnMtY29ubmVjdG9yIiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAw'
        . 'MDAxMjAsImp0aSI6IjAwMDEwMjAzMDQwNTA2MDcwODA5MGEwYjBjMGQwZTBmIn0.'
        . '6jKNP7wXTmmGphkNDg3AbHF9NB8_4SD8hN5v-Ed7uKg';

    private function pinnedIssuer(): TokenIssuer
    {
        return new TokenIssuer(static fn (int $length): string => implode('', array_map('chr', range(0, $length - 1))));
    }

    /**
     * @return array<string, mixed>
     */
    private static function decodePart(string $part): array
    {
        $json = base64_decode(strtr($part, '-_', '+/'), true);
        self::assertIsString($json);

        return json_decode($json, true, 512, JSON_THROW_ON_ERROR);
    }

    public function testSignatureMatchesAnIndependentlyComputedVector(): void
    {
        self::assertSame(self::VECTOR, $this->pinnedIssuer()->issue(self::SECRET, 'admin', 120, self::NOW));
    }

    public function testHeaderAndClaims(): void
    {
        [$header, $claims] = explode('.', (new TokenIssuer())->issue(self::SECRET, 'jane.doe', 60, self::NOW));

        self::assertSame(['alg' => 'HS256', 'typ' => 'JWT'], self::decodePart($header));
        $claims = self::decodePart($claims);
        self::assertSame(['sub', 'aud', 'iat', 'exp', 'jti'], array_keys($claims));
        self::assertSame('jane.doe', $claims['sub']);
        self::assertSame('amazon-orders-connector', $claims['aud']);
        self::assertSame(self::NOW, $claims['iat']);
        self::assertSame(self::NOW + 60, $claims['exp']);
        self::assertMatchesRegularExpression('/^[0-9a-f]{32}$/', $claims['jti']);
    }

    public function testEveryTokenHasItsOwnJti(): void
    {
        $issuer = new TokenIssuer();
        $jtis = [];
        for ($i = 0; $i < 20; $i++) {
            $jtis[] = self::decodePart(explode('.', $issuer->issue(self::SECRET, 'admin', 60, self::NOW))[1])['jti'];
        }

        self::assertCount(20, array_unique($jtis));
    }

    public function testDefaultsToTheCurrentTimeAndTheLongestLifetime(): void
    {
        $before = time();
        $claims = self::decodePart(explode('.', (new TokenIssuer())->issue(self::SECRET, 'admin'))[1]);

        self::assertGreaterThanOrEqual($before, $claims['iat']);
        self::assertLessThanOrEqual(time(), $claims['iat']);
        self::assertSame(TokenIssuer::MAX_LIFETIME, $claims['exp'] - $claims['iat']);
    }

    public function testLifetimeIsCappedAtFiveMinutes(): void
    {
        $claims = self::decodePart(explode('.', (new TokenIssuer())->issue(self::SECRET, 'admin', 300, self::NOW))[1]);
        self::assertSame(300, $claims['exp'] - $claims['iat']);

        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('between 1 and 300 seconds');
        (new TokenIssuer())->issue(self::SECRET, 'admin', 301, self::NOW);
    }

    /**
     * @return array<string, array{string, string, int, string}>
     */
    public static function refusedArguments(): array
    {
        return [
            'short secret' => [str_repeat('s', 31), 'admin', 60, 'at least 32 characters'],
            'short secret in characters' => [str_repeat('é', 20), 'admin', 60, 'at least 32 characters'],
            'no user' => [self::SECRET, '', 60, 'user name is empty'],
            'zero lifetime' => [self::SECRET, 'admin', 0, 'between 1 and 300'],
            'negative lifetime' => [self::SECRET, 'admin', -5, 'between 1 and 300'],
        ];
    }

    /**
     * @dataProvider refusedArguments
     */
    public function testRefusesBadArguments(string $secret, string $user, int $lifetime, string $message): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage($message);
        (new TokenIssuer())->issue($secret, $user, $lifetime, self::NOW);
    }

    public function testBase64UrlWithoutPadding(): void
    {
        self::assertSame('-_8', TokenIssuer::base64Url("\xfb\xff"));
        self::assertSame('YQ', TokenIssuer::base64Url('a'));
        self::assertSame('YWI', TokenIssuer::base64Url('ab'));
        self::assertSame('YWJj', TokenIssuer::base64Url('abc'));

        $token = (new TokenIssuer())->issue(self::SECRET, 'ädmin/ø+?', 60, self::NOW);
        self::assertMatchesRegularExpression('/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/', $token);
        self::assertSame('ädmin/ø+?', self::decodePart(explode('.', $token)[1])['sub']);
    }

    public function testTheSignatureCoversHeaderAndClaims(): void
    {
        $token = $this->pinnedIssuer()->issue(self::SECRET, 'admin', 120, self::NOW);
        [$header, $claims, $signature] = explode('.', $token);

        $expected = TokenIssuer::base64Url(hash_hmac('sha256', $header . '.' . $claims, self::SECRET, true));
        self::assertSame($expected, $signature);
        $otherSecret = TokenIssuer::base64Url(hash_hmac('sha256', $header . '.' . $claims, self::SECRET . 'x', true));
        self::assertNotSame($otherSecret, $signature);
    }
}
