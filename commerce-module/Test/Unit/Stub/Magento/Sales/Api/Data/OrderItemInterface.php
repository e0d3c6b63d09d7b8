<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

/**
 * Stand-in for the part of Magento's OrderItemInterface the module reads.
 */
interface OrderItemInterface
{
    /**
     * @return int|null
     */
    public function getItemId();

    /**
     * @return int|null
     */
    public function getParentItemId();

    /**
     * @return int|null
     */
    public function getProductId();

    /**
     * @return string|null
     */
    public function getSku();

    /**
     * @return float|null
     */
    public function getQtyOrdered();

    /**
     * @return float|null
     */
    public function getQtyShipped();

    /**
     * @return float|null
     */
    public function getQtyInvoiced();

    /**
     * @return int|null
     */
    public function getIsVirtual();
}
