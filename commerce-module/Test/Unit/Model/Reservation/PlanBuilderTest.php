<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\Reservation;

use AmazonOrders\Bridge\Model\Reservation\OrderDocuments;
use AmazonOrders\Bridge\Model\Reservation\PlanBuilder;
use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Framework\Phrase;
use Magento\InventoryCatalogApi\Model\GetSkusByProductIdsInterface;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\Data\OrderItemInterface;
use PHPUnit\Framework\TestCase;

class PlanBuilderTest extends TestCase
{
    /**
     * @param array<string, mixed> $values getter => value; the rest answer null
     */
    private function orderItem(array $values): OrderItemInterface
    {
        $item = $this->createMock(OrderItemInterface::class);
        foreach ($values as $getter => $value) {
            $item->method($getter)->willReturn($value);
        }

        return $item;
    }

    /**
     * @param list<OrderItemInterface> $items
     */
    private function order(array $items): OrderInterface
    {
        $order = $this->createMock(OrderInterface::class);
        $order->method('getEntityId')->willReturn(42);
        $order->method('getItems')->willReturn($items);

        return $order;
    }

    private function builder(GetSkusByProductIdsInterface $skus, ?OrderDocuments $documents = null): PlanBuilder
    {
        return new PlanBuilder($skus, $documents ?? $this->createMock(OrderDocuments::class));
    }

    public function testADeletedProductIsHeldUnderTheItemsOwnSku(): void
    {
        // MSI's GetSkusByProductIds throws for an id it cannot find.
        $skus = $this->createMock(GetSkusByProductIdsInterface::class);
        $skus->method('execute')->willThrowException(
            new NoSuchEntityException(new Phrase('Following products with requested ids were not found: 7'))
        );
        $order = $this->order([
            $this->orderItem(['getItemId' => 1, 'getProductId' => 7, 'getSku' => 'MUG-OLD', 'getQtyOrdered' => 2.0]),
        ]);

        self::assertSame(['MUG-OLD' => 2.0], $this->builder($skus)->build($order)->quantitiesBySku());
    }

    public function testAProductIsHeldUnderItsCurrentSku(): void
    {
        $skus = $this->createMock(GetSkusByProductIdsInterface::class);
        $skus->method('execute')->with([7])->willReturn([7 => 'MUG-NEW']);
        $order = $this->order([
            $this->orderItem(['getItemId' => 1, 'getProductId' => 7, 'getSku' => 'MUG-OLD', 'getQtyOrdered' => 2.0]),
        ]);

        self::assertSame(['MUG-NEW' => 2.0], $this->builder($skus)->build($order)->quantitiesBySku());
    }

    public function testAnItemWithoutAProductKeepsItsOwnSku(): void
    {
        $skus = $this->createMock(GetSkusByProductIdsInterface::class);
        $skus->expects(self::never())->method('execute');
        $order = $this->order([$this->orderItem(['getItemId' => 1, 'getSku' => 'MUG', 'getQtyOrdered' => 1.0])]);

        self::assertSame(['MUG' => 1.0], $this->builder($skus)->build($order)->quantitiesBySku());
    }

    public function testAVirtualItemIsReleasedByItsInvoiceDocument(): void
    {
        $skus = $this->createMock(GetSkusByProductIdsInterface::class);
        $skus->method('execute')->willReturn([9 => 'E-BOOK']);
        $order = $this->order([
            $this->orderItem([
                'getItemId' => 1, 'getProductId' => 9, 'getSku' => 'E-BOOK', 'getQtyOrdered' => 1.0,
                'getQtyInvoiced' => 1.0, 'getIsVirtual' => 1,
            ]),
        ]);
        $invoiced = $this->createMock(OrderDocuments::class);
        $invoiced->method('hasInvoices')->with(42)->willReturn(true);
        $notInvoiced = $this->createMock(OrderDocuments::class);
        $notInvoiced->method('hasInvoices')->with(42)->willReturn(false);

        // invoiced in Commerce: MSI's invoice compensation already added +1, the hold nets it out
        self::assertSame(['E-BOOK' => 1.0], $this->builder($skus, $invoiced)->build($order)->quantitiesBySku());
        // invoiced with no invoice document: nothing will ever release a hold
        self::assertSame([], $this->builder($skus, $notInvoiced)->build($order)->quantitiesBySku());
    }
}
