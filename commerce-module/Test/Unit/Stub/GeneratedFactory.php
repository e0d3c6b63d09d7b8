<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Stub;

/**
 * What the factories Magento generates (SomethingFactory::create(array $data)) have in common, for
 * the stand-ins of those the module uses. Tests replace them with mocks.
 */
abstract class GeneratedFactory
{
    /**
     * @param array<string, mixed> $data constructor arguments by name
     * @return object
     */
    public function create(array $data = [])
    {
        throw new \LogicException(static::class . ' is a stand-in: mock it.');
    }
}
