<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Block\Adminhtml;

use AmazonOrders\Bridge\Model\Config;
use AmazonOrders\Bridge\Model\Token\AdminPageUrl;
use AmazonOrders\Bridge\Model\Token\TokenIssuer;
use InvalidArgumentException;
use Magento\Backend\Block\Template;
use Magento\Backend\Block\Template\Context;
use Magento\Backend\Model\Auth\Session;

/**
 * The iframe address with a fresh token for the signed-in admin user, or why there is none.
 */
class ServiceFrame extends Template
{
    private Config $config;
    private Session $authSession;
    private TokenIssuer $tokenIssuer;
    private AdminPageUrl $adminPageUrl;
    private ?string $frameUrl = null;
    private ?string $problem = null;

    /**
     * @param array<string, mixed> $data
     */
    public function __construct(
        Context $context,
        Config $config,
        Session $authSession,
        TokenIssuer $tokenIssuer,
        AdminPageUrl $adminPageUrl,
        array $data = []
    ) {
        parent::__construct($context, $data);
        $this->config = $config;
        $this->authSession = $authSession;
        $this->tokenIssuer = $tokenIssuer;
        $this->adminPageUrl = $adminPageUrl;
    }

    /**
     * `<service url>/admin/?token=<jwt>`, or null (see getProblem()).
     */
    public function getFrameUrl(): ?string
    {
        if ($this->frameUrl === null && $this->problem === null) {
            $this->resolve();
        }

        return $this->frameUrl;
    }

    public function getProblem(): ?string
    {
        if ($this->frameUrl === null && $this->problem === null) {
            $this->resolve();
        }

        return $this->problem;
    }

    public function getConfigurationUrl(): string
    {
        return $this->getUrl('adminhtml/system_config/edit', ['section' => 'amazon_orders']);
    }

    private function resolve(): void
    {
        $serviceUrl = $this->config->serviceUrl();
        $secret = $this->config->sharedSecret();
        $user = $this->authSession->getUser();
        if ($serviceUrl === '' || $secret === '') {
            $this->problem = (string)__('The service URL and the shared secret are not configured yet.');
            return;
        }
        if ($user === null) {
            $this->problem = (string)__('No admin user is signed in.');
            return;
        }
        try {
            $token = $this->tokenIssuer->issue($secret, (string)$user->getUserName(), Config::TOKEN_LIFETIME);
            $this->frameUrl = $this->adminPageUrl->build($serviceUrl, $token);
        } catch (InvalidArgumentException $invalid) {
            $this->problem = $invalid->getMessage();
        }
    }
}
