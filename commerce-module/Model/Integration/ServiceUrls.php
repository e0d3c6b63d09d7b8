<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Integration;

/**
 * The Callback URL and Identity link URL of the "Amazon Orders" integration (etc/integration.xml),
 * made from the connector's configured URL: integration.xml is static, so it cannot know it. With
 * them set, the merchant only clicks Activate in System > Extensions > Integrations.
 */
class ServiceUrls
{
    public const INTEGRATION = 'Amazon Orders';
    public const CALLBACK_PATH = '/integrations/commerce/callback';
    public const IDENTITY_PATH = '/integrations/commerce/identity';

    /**
     * @param array<string, array<string, mixed>> $integrations as Magento's integration config
     * @return array<string, array<string, mixed>>
     */
    public function apply(array $integrations, string $serviceUrl): array
    {
        $base = rtrim(trim($serviceUrl), '/');
        if ($base === '' || !isset($integrations[self::INTEGRATION])) {
            return $integrations;
        }
        $integrations[self::INTEGRATION]['endpoint_url'] = $base . self::CALLBACK_PATH;
        $integrations[self::INTEGRATION]['identity_link_url'] = $base . self::IDENTITY_PATH;

        return $integrations;
    }
}
