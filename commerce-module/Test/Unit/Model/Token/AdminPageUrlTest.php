<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\Token;

use AmazonOrders\Bridge\Model\Token\AdminPageUrl;
use InvalidArgumentException;
use PHPUnit\Framework\TestCase;

class AdminPageUrlTest extends TestCase
{
    public function testBuildsTheAdminPagesAddressWithTheToken(): void
    {
        $url = new AdminPageUrl();

        self::assertSame(
            'https://svc.example.com/admin/?token=aa.bb.cc-_',
            $url->build('https://svc.example.com', 'aa.bb.cc-_')
        );
        self::assertSame(
            'https://svc.example.com/amazon/admin/?token=t',
            $url->build(' https://svc.example.com/amazon/ ', 't')
        );
        self::assertSame('http://127.0.0.1:8000/admin/?token=a%2Bb', $url->build('http://127.0.0.1:8000/', 'a+b'));
    }

    /**
     * @return array<string, array{string}>
     */
    public static function unusableUrls(): array
    {
        return [
            'empty' => [''],
            'relative' => ['/admin'],
            'no scheme' => ['svc.example.com'],
            'javascript' => ['javascript:alert(1)'],
            'ftp' => ['ftp://svc.example.com'],
            'credentials' => ['https://user:pass@svc.example.com'],
            'query' => ['https://svc.example.com/?a=1'],
            'fragment' => ['https://svc.example.com/#x'],
        ];
    }

    /**
     * @dataProvider unusableUrls
     */
    public function testRefusesUnusableServiceUrls(string $serviceUrl): void
    {
        self::assertSame('', (new AdminPageUrl())->origin($serviceUrl));
        $this->expectException(InvalidArgumentException::class);
        (new AdminPageUrl())->build($serviceUrl, 'token');
    }

    public function testOriginForTheContentSecurityPolicy(): void
    {
        $url = new AdminPageUrl();

        self::assertSame('https://svc.example.com', $url->origin('HTTPS://Svc.Example.com/amazon/'));
        self::assertSame('http://127.0.0.1:8000', $url->origin('http://127.0.0.1:8000'));
    }
}
