<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Api;

/**
 * The payment and shipping methods an imported order may name (core Magento has no REST route
 * for either list), so the connector can check a store's order settings before importing.
 *
 * REST: GET /V1/amazon-orders/payment-methods and /V1/amazon-orders/shipping-methods;
 * ACL AmazonOrders_Bridge::reservations. Both answer for the store view of the URL.
 * @api
 */
interface OrderMethodListInterface
{
    /**
     * Codes of the payment methods active in the store view (e.g. checkmo, amazon_channel).
     *
     * @return string[]
     */
    public function getPaymentMethods(): array;

    /**
     * Active shipping methods as carrier_method codes (e.g. flatrate_flatrate).
     *
     * @return string[]
     */
    public function getShippingMethods(): array;
}
