<?php

declare(strict_types=1);

namespace Magento\Store\Api;

/**
 * Stand-in for the part of Magento's store view repository the module calls.
 */
interface StoreRepositoryInterface
{
    /**
     * @param string $code
     * @return \Magento\Store\Api\Data\StoreInterface
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     */
    public function get($code);

    /**
     * @param int $id
     * @return \Magento\Store\Api\Data\StoreInterface
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     */
    public function getById($id);
}
