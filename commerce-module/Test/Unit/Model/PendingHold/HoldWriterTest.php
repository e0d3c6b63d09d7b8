<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\PendingHold;

use AmazonOrders\Bridge\Model\PendingHold\HoldMetadata;
use AmazonOrders\Bridge\Model\PendingHold\HoldWriter;
use Magento\Framework\Serialize\SerializerInterface;
use Magento\InventoryReservationsApi\Model\AppendReservationsInterface;
use Magento\InventoryReservationsApi\Model\ReservationBuilderInterface;
use Magento\InventoryReservationsApi\Model\ReservationInterface;
use Magento\InventorySalesApi\Api\Data\ItemToSellInterface;
use Magento\InventorySalesApi\Api\Data\ItemToSellInterfaceFactory;
use Magento\InventorySalesApi\Api\Data\SalesChannelInterface;
use Magento\InventorySalesApi\Api\Data\SalesChannelInterfaceFactory;
use Magento\InventorySalesApi\Api\Data\SalesEventExtensionFactory;
use Magento\InventorySalesApi\Api\Data\SalesEventExtensionInterface;
use Magento\InventorySalesApi\Api\Data\SalesEventInterface;
use Magento\InventorySalesApi\Api\Data\SalesEventInterfaceFactory;
use Magento\InventorySalesApi\Api\PlaceReservationsForSalesEventInterface;
use PHPUnit\Framework\TestCase;

/**
 * The MSI calls of a hold and a release, with the constructor argument names of MSI's ItemToSell,
 * SalesChannel and SalesEvent models and of the extension Magento generates for SalesEvent.
 */
class HoldWriterTest extends TestCase
{
    private const ID = '114-1234567-1234567';

    /** @var array<string, list<array<string, mixed>>> factory => the arguments of each create() */
    private array $created = [];

    /**
     * A mock of a generated factory that records its arguments and makes $product, or a mock of $made.
     *
     * @param class-string $factory
     * @param class-string $made
     */
    private function factory(string $factory, string $made, ?object $product = null): object
    {
        $mock = $this->createMock($factory);
        $mock->method('create')->willReturnCallback(
            function (array $data) use ($factory, $made, $product): object {
                $this->created[$factory][] = $data;

                return $product ?? $this->createMock($made);
            }
        );

        return $mock;
    }

    private function writer(
        PlaceReservationsForSalesEventInterface $placeReservations,
        ?SalesEventInterface $salesEvent = null,
        ?ReservationBuilderInterface $reservationBuilder = null,
        ?AppendReservationsInterface $appendReservations = null
    ): HoldWriter {
        $serializer = $this->createMock(SerializerInterface::class);
        $serializer->method('serialize')->willReturnCallback(static fn ($data): string => (string)json_encode($data));

        return new HoldWriter(
            $placeReservations,
            $this->factory(ItemToSellInterfaceFactory::class, ItemToSellInterface::class),
            $this->factory(SalesChannelInterfaceFactory::class, SalesChannelInterface::class),
            $this->factory(SalesEventInterfaceFactory::class, SalesEventInterface::class, $salesEvent),
            $this->factory(SalesEventExtensionFactory::class, SalesEventExtensionInterface::class),
            $reservationBuilder ?? $this->createMock(ReservationBuilderInterface::class),
            $appendReservations ?? $this->createMock(AppendReservationsInterface::class),
            $serializer,
            new HoldMetadata()
        );
    }

    public function testAHoldIsOneSalesEventOnTheWebsiteWithTheAmazonOrderAsObjectAndIncrementId(): void
    {
        $placeReservations = $this->createMock(PlaceReservationsForSalesEventInterface::class);
        $placeReservations->expects(self::once())->method('execute')->with(
            self::countOf(2),
            self::isInstanceOf(SalesChannelInterface::class),
            self::isInstanceOf(SalesEventInterface::class)
        );
        $salesEvent = $this->createMock(SalesEventInterface::class);
        $salesEvent->expects(self::once())->method('setExtensionAttributes')
            ->with(self::isInstanceOf(SalesEventExtensionInterface::class));

        $this->writer($placeReservations, $salesEvent)->hold(self::ID, 'base', ['MUG-1' => 2.0, 12345 => 0.5]);

        self::assertSame(
            [['sku' => 'MUG-1', 'qty' => -2.0], ['sku' => '12345', 'qty' => -0.5]],
            $this->created[ItemToSellInterfaceFactory::class]
        );
        self::assertSame(
            [['data' => ['type' => 'website', 'code' => 'base']]],
            $this->created[SalesChannelInterfaceFactory::class]
        );
        self::assertSame(
            [['type' => 'amazon_pending_held', 'objectType' => 'amazon_order', 'objectId' => self::ID]],
            $this->created[SalesEventInterfaceFactory::class]
        );
        // MSI writes this as object_increment_id; its cleanup groups rows by it
        self::assertSame(
            [['data' => ['objectIncrementId' => self::ID]]],
            $this->created[SalesEventExtensionFactory::class]
        );
    }

    public function testAReleaseAppendsEachCompensationOnItsOwnStock(): void
    {
        $builder = new class ($this->createMock(ReservationInterface::class)) implements ReservationBuilderInterface {
            /** @var list<array<string, mixed>> the fields of each reservation built */
            public array $built = [];
            /** @var array<string, mixed> */
            private array $fields = [];

            public function __construct(private ReservationInterface $reservation)
            {
            }

            public function setStockId(int $stockId): ReservationBuilderInterface
            {
                $this->fields['stock_id'] = $stockId;
                return $this;
            }

            public function setSku(string $sku): ReservationBuilderInterface
            {
                $this->fields['sku'] = $sku;
                return $this;
            }

            public function setQuantity(float $quantity): ReservationBuilderInterface
            {
                $this->fields['quantity'] = $quantity;
                return $this;
            }

            public function setMetadata(?string $metadata = null): ReservationBuilderInterface
            {
                $this->fields['metadata'] = $metadata;
                return $this;
            }

            public function build(): ReservationInterface
            {
                $this->built[] = $this->fields;
                $this->fields = [];

                return $this->reservation;
            }
        };
        $append = $this->createMock(AppendReservationsInterface::class);
        $append->expects(self::once())->method('execute')->with(self::countOf(2));
        $placeReservations = $this->createMock(PlaceReservationsForSalesEventInterface::class);
        $placeReservations->expects(self::never())->method('execute');

        $this->writer($placeReservations, null, $builder, $append)->release(self::ID, [
            ['stock_id' => 2, 'sku' => 'MUG-1', 'quantity' => 2.0],
            ['stock_id' => 3, 'sku' => 'MUG-1', 'quantity' => 1.0],
        ]);

        $metadata = '{"event_type":"amazon_pending_released","object_type":"amazon_order",'
            . '"object_id":"114-1234567-1234567","object_increment_id":"114-1234567-1234567"}';
        self::assertSame([
            ['stock_id' => 2, 'sku' => 'MUG-1', 'quantity' => 2.0, 'metadata' => $metadata],
            ['stock_id' => 3, 'sku' => 'MUG-1', 'quantity' => 1.0, 'metadata' => $metadata],
        ], $builder->built);
    }
}
