<?php

/**
 * Prints a token minted by the module's TokenIssuer, for the cross-check against the service's
 * verifier (test_token_interop.py).
 *
 * Usage: php mint_token.php USER LIFETIME [NOW]   (the secret is read from standard input)
 * Exit 2 with the reason on standard error when TokenIssuer refuses the arguments.
 */

declare(strict_types=1);

require __DIR__ . '/../../commerce-module/Model/Token/TokenIssuer.php';

use AmazonOrders\Bridge\Model\Token\TokenIssuer;

if ($argc < 3) {
    fwrite(STDERR, "usage: php mint_token.php USER LIFETIME [NOW] < secret\n");
    exit(64);
}
$secret = rtrim((string)stream_get_contents(STDIN), "\r\n");
try {
    echo (new TokenIssuer())->issue(
        $secret,
        $argv[1],
        (int)$argv[2],
        isset($argv[3]) ? (int)$argv[3] : null
    ), "\n";
} catch (InvalidArgumentException $refused) {
    fwrite(STDERR, $refused->getMessage() . "\n");
    exit(2);
}
