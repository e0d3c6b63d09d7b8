<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model;

use AmazonOrders\Bridge\Api\PendingHoldManagementInterface;
use AmazonOrders\Bridge\Model\PendingHold\HoldLedger;
use AmazonOrders\Bridge\Model\PendingHold\HoldMetadata;
use AmazonOrders\Bridge\Model\PendingHold\HoldWriter;
use AmazonOrders\Bridge\Model\PendingHold\StockCarryingSkus;
use AmazonOrders\Bridge\Model\PendingHoldManagement;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Lock\LockManagerInterface;
use Magento\Store\Api\StoreRepositoryInterface;
use Magento\Store\Api\WebsiteRepositoryInterface;
use PHPUnit\Framework\TestCase;

class PendingHoldManagementTest extends TestCase
{
    private const ID = '114-1234567-1234567';
    private const HELD = ['stock_id' => 2, 'sku' => 'MUG-1', 'quantity' => -2.0];
    private const RELEASED = ['stock_id' => 2, 'sku' => 'MUG-1', 'quantity' => 2.0];

    /** @var LockManagerInterface&\PHPUnit\Framework\MockObject\MockObject */
    private LockManagerInterface $locks;

    /**
     * @param list<list<array{stock_id: int, sku: string, quantity: float}>> $ledgerReads what each
     *     read of the hold's rows finds, in turn
     */
    private function management(array $ledgerReads, HoldWriter $writer): PendingHoldManagement
    {
        $ledger = $this->createMock(HoldLedger::class);
        $ledger->method('rowsOf')->with(self::ID)->willReturnOnConsecutiveCalls(...$ledgerReads);
        $this->locks = $this->createMock(LockManagerInterface::class);
        $this->locks->method('lock')->willReturn(true);

        return new PendingHoldManagement(
            new HoldMetadata(),
            $ledger,
            $this->createMock(StockCarryingSkus::class),
            $writer,
            $this->createMock(StoreRepositoryInterface::class),
            $this->createMock(WebsiteRepositoryInterface::class),
            $this->locks
        );
    }

    public function testAReleaseMsiWroteAnswersReleased(): void
    {
        $writer = $this->createMock(HoldWriter::class);
        $writer->expects(self::once())->method('release')
            ->with(self::ID, [['stock_id' => 2, 'sku' => 'MUG-1', 'quantity' => 2.0]]);

        $answer = $this->management([[self::HELD], [self::HELD, self::RELEASED]], $writer)->release(self::ID);

        self::assertSame(PendingHoldManagementInterface::RELEASED, $answer);
    }

    public function testAReleaseMsiWouldNotWriteIsRefusedAndTheHoldStays(): void
    {
        // With "Decrease Stock When Order is Placed" off, MSI's plugin on AppendReservations
        // writes nothing: the ledger still nets to -2 after the call.
        $writer = $this->createMock(HoldWriter::class);
        $writer->expects(self::once())->method('release');
        $management = $this->management([[self::HELD], [self::HELD]], $writer);
        $this->locks->expects(self::once())->method('unlock');

        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage('quantity stays reserved');
        $management->release(self::ID);
    }

    public function testNothingHeldIsNotReleasedAgain(): void
    {
        $writer = $this->createMock(HoldWriter::class);
        $writer->expects(self::never())->method('release');

        $answer = $this->management([[self::HELD, self::RELEASED]], $writer)->release(self::ID);

        self::assertSame(PendingHoldManagementInterface::NOT_HELD, $answer);
    }
}
