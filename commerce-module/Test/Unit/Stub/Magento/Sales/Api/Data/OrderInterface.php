<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

/**
 * Stand-in for the part of Magento's OrderInterface the module reads.
 */
interface OrderInterface
{
    /**
     * @return int|null
     */
    public function getEntityId();

    /**
     * @return \Magento\Sales\Api\Data\OrderItemInterface[]
     */
    public function getItems();
}
