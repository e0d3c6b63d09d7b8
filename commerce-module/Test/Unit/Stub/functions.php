<?php

/**
 * Stand-in for Magento's translation function __() (app/functions.php), for classes that build
 * their messages with it.
 */

declare(strict_types=1);

use Magento\Framework\Phrase;

if (!function_exists('__')) {
    /**
     * @param mixed ...$arguments
     */
    function __(string $text, ...$arguments): Phrase
    {
        return new Phrase($text, $arguments);
    }
}
