<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Plugin\Integration;

use AmazonOrders\Bridge\Model\Config;
use AmazonOrders\Bridge\Model\Integration\ServiceUrls;
use Magento\Integration\Model\ConfigBasedIntegrationManager;

/**
 * When Magento sets up the integrations declared in integration.xml (setup:upgrade), gives ours the
 * connector's Callback URL and Identity link URL.
 */
class AddServiceUrls
{
    private Config $config;
    private ServiceUrls $serviceUrls;

    public function __construct(Config $config, ServiceUrls $serviceUrls)
    {
        $this->config = $config;
        $this->serviceUrls = $serviceUrls;
    }

    /**
     * @param ConfigBasedIntegrationManager $subject
     * @param array<string, array<string, mixed>> $integrations
     * @return array<int, array<string, array<string, mixed>>>
     * @SuppressWarnings(PHPMD.UnusedFormalParameter)
     */
    public function beforeProcessConfigBasedIntegrations(
        ConfigBasedIntegrationManager $subject,
        array $integrations
    ): array {
        return [$this->serviceUrls->apply($integrations, $this->config->serviceUrl())];
    }
}
