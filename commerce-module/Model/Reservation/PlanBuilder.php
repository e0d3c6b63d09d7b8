<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Reservation;

use Magento\Framework\Exception\InputException;
use Magento\InventoryCatalogApi\Model\GetSkusByProductIdsInterface;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\Data\OrderItemInterface;
use Magento\Sales\Model\ResourceModel\Order\Shipment\CollectionFactory as ShipmentCollectionFactory;

/**
 * Reads an order into a ReservationPlan: its items (with the product's current SKU) and whether
 * Commerce holds a shipment document for it.
 */
class PlanBuilder
{
    private GetSkusByProductIdsInterface $getSkusByProductIds;
    private ShipmentCollectionFactory $shipmentCollectionFactory;

    public function __construct(
        GetSkusByProductIdsInterface $getSkusByProductIds,
        ShipmentCollectionFactory $shipmentCollectionFactory
    ) {
        $this->getSkusByProductIds = $getSkusByProductIds;
        $this->shipmentCollectionFactory = $shipmentCollectionFactory;
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
                'is_virtual' => (bool)$item->getIsVirtual(),
            ];
        }
        $shipments = $this->shipmentCollectionFactory->create()
            ->addFieldToFilter('order_id', (int)$order->getEntityId())
            ->getSize();

        return new ReservationPlan($items, $shipments > 0);
    }

    /**
     * The product's current SKU (as Magento's own plugin uses), or the item's SKU when the product
     * is gone or the item names none.
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
            } catch (InputException $productGone) {
                // fall back to the SKU stored on the item
            }
        }

        return (string)$item->getSku();
    }
}
