<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Plugin\Csp;

use AmazonOrders\Bridge\Model\Config;
use AmazonOrders\Bridge\Model\Token\AdminPageUrl;
use Magento\Csp\Api\Data\PolicyInterface;
use Magento\Csp\Model\Collector\CspWhitelistXmlCollector;
use Magento\Csp\Model\Policy\FetchPolicy;

/**
 * Adds the configured service's origin to the admin's frame-src (csp_whitelist.xml is static, so it
 * cannot know the URL a merchant configures). Declared for the adminhtml area only.
 */
class AllowServiceFrame
{
    private Config $config;
    private AdminPageUrl $adminPageUrl;

    public function __construct(Config $config, AdminPageUrl $adminPageUrl)
    {
        $this->config = $config;
        $this->adminPageUrl = $adminPageUrl;
    }

    /**
     * @param CspWhitelistXmlCollector $subject
     * @param PolicyInterface[] $result
     * @return PolicyInterface[]
     * @SuppressWarnings(PHPMD.UnusedFormalParameter)
     */
    public function afterCollect(CspWhitelistXmlCollector $subject, array $result): array
    {
        $origin = $this->adminPageUrl->origin($this->config->serviceUrl());
        if ($origin !== '') {
            // 'self' stays allowed: the admin frames its own pages too.
            $result[] = new FetchPolicy('frame-src', false, [$origin], [], true);
        }

        return $result;
    }
}
