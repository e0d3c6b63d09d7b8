<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Methods;

use AmazonOrders\Bridge\Api\OrderMethodListInterface;
use Magento\Payment\Api\PaymentMethodListInterface;
use Magento\Shipping\Model\Config as ShippingConfig;
use Magento\Store\Model\StoreManagerInterface;

/**
 * Reads Magento's own lists: the active payment methods and the active carriers' allowed methods.
 */
class OrderMethodList implements OrderMethodListInterface
{
    private PaymentMethodListInterface $paymentMethods;
    private ShippingConfig $shippingConfig;
    private StoreManagerInterface $storeManager;

    public function __construct(
        PaymentMethodListInterface $paymentMethods,
        ShippingConfig $shippingConfig,
        StoreManagerInterface $storeManager
    ) {
        $this->paymentMethods = $paymentMethods;
        $this->shippingConfig = $shippingConfig;
        $this->storeManager = $storeManager;
    }

    /**
     * @inheritdoc
     */
    public function getPaymentMethods(): array
    {
        $storeId = (int) $this->storeManager->getStore()->getId();
        $codes = [];
        foreach ($this->paymentMethods->getActiveList($storeId) as $method) {
            $codes[] = (string) $method->getCode();
        }
        sort($codes);
        return $codes;
    }

    /**
     * @inheritdoc
     */
    public function getShippingMethods(): array
    {
        $store = $this->storeManager->getStore();
        $codes = [];
        foreach ($this->shippingConfig->getActiveCarriers($store) as $carrierCode => $carrier) {
            foreach (array_keys((array) $carrier->getAllowedMethods()) as $methodCode) {
                $codes[] = $carrierCode . '_' . $methodCode;
            }
        }
        sort($codes);
        return $codes;
    }
}
