<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Reservation;

use Magento\Framework\Exception\NoSuchEntityException;
use Magento\InventoryCatalogApi\Model\GetSkusByProductIdsInterface;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\Data\OrderItemInterface;

/**
 * Reads an order into a ReservationPlan: its items (with the product's current SKU) and whether
 * Commerce holds shipment and invoice documents for it.
 */
class PlanBuilder
{
    private GetSkusByProductIdsInterface $getSkusByProductIds;
    private OrderDocuments $documents;

    public function __construct(GetSkusByProductIdsInterface $getSkusByProductIds, OrderDocuments $documents)
    {
        $this->getSkusByProductIds = $getSkusByProductIds;
        $this->documents = $documents;
    }

    public function build(OrderInterface $order): ReservationPlan
    {
        $items = [];
        foreach ($order->getItems() as $item) {
            $items[] = [
                'item_id' => $item->getItemId() !== null ? (int)$item->getItemId() : null,
                'parent_item_id' => $item->getParentItemId() !== null ? (int)$item->getParentItemId() : null,
                'sku' => $this->sku($item),
                'qty_ordered' => (float)$item->getQtyOrdered(),
                'qty_shipped' => (float)$item->getQtyShipped(),
                'qty_invoiced' => (float)$item->getQtyInvoiced(),
                'is_virtual' => (bool)$item->getIsVirtual(),
            ];
        }

        $orderId = (int)$order->getEntityId();

        return new ReservationPlan(
            $items,
            $this->documents->hasShipments($orderId),
            $this->documents->hasInvoices($orderId)
        );
    }

    /**
     * The product's current SKU, or the item's own SKU when the product is gone (MSI's
     * GetSkusByProductIds throws NoSuchEntityException for it) or the item names none. MSI's own
     * GetSkuFromOrderItem falls back the same way.
     */
    private function sku(OrderItemInterface $item): string
    {
        $productId = (int)$item->getProductId();
        if ($productId > 0) {
            try {
                $skus = $this->getSkusByProductIds->execute([$productId]);
                if (isset($skus[$productId])) {
                    return (string)$skus[$productId];
                }
            } catch (NoSuchEntityException $productGone) {
                // fall back to the SKU stored on the item
            }
        }

        return (string)$item->getSku();
    }
}
