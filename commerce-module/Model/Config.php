<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model;

use Magento\Framework\App\Config\ScopeConfigInterface;

/**
 * Stores > Configuration > Services > Amazon Orders (default scope: the admin is global).
 */
class Config
{
    public const XML_PATH_SERVICE_URL = 'amazon_orders/service/url';
    public const XML_PATH_SHARED_SECRET = 'amazon_orders/service/secret';
    /** Seconds an admin page token is valid; the service accepts at most 300. */
    public const TOKEN_LIFETIME = 120;

    private ScopeConfigInterface $scopeConfig;

    public function __construct(ScopeConfigInterface $scopeConfig)
    {
        $this->scopeConfig = $scopeConfig;
    }

    public function serviceUrl(): string
    {
        return trim((string)$this->scopeConfig->getValue(self::XML_PATH_SERVICE_URL));
    }

    /**
     * The secret in clear: etc/config.xml declares the Encrypted backend model for this path, so
     * the scope config decrypts the stored value.
     */
    public function sharedSecret(): string
    {
        return (string)$this->scopeConfig->getValue(self::XML_PATH_SHARED_SECRET);
    }
}
