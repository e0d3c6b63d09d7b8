<?php

declare(strict_types=1);

namespace Magento\Framework\Exception;

use Magento\Framework\Phrase;

/**
 * Stand-in for Magento's LocalizedException (same constructor).
 */
class LocalizedException extends \Exception
{
    /**
     * @param int|string $code
     */
    public function __construct(Phrase $phrase, ?\Exception $cause = null, $code = 0)
    {
        parent::__construct($phrase->render(), (int)$code, $cause);
    }
}
