<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\Integration;

use AmazonOrders\Bridge\Model\Integration\ServiceUrls;
use PHPUnit\Framework\TestCase;

class ServiceUrlsTest extends TestCase
{
    public function testGivesTheIntegrationTheConnectorsTwoAddresses(): void
    {
        $integrations = ['Amazon Orders' => ['email' => 'a@b.invalid'], 'Other' => ['email' => 'o@b.c']];

        $result = (new ServiceUrls())->apply($integrations, ' https://svc.example.com/ ');

        self::assertSame(
            'https://svc.example.com/integrations/commerce/callback',
            $result['Amazon Orders']['endpoint_url']
        );
        self::assertSame(
            'https://svc.example.com/integrations/commerce/identity',
            $result['Amazon Orders']['identity_link_url']
        );
        self::assertSame(['email' => 'o@b.c'], $result['Other']);
    }

    public function testLeavesTheIntegrationAloneWithoutAConfiguredUrl(): void
    {
        $integrations = ['Amazon Orders' => ['email' => 'a@b.invalid']];

        self::assertSame($integrations, (new ServiceUrls())->apply($integrations, '  '));
    }
}
