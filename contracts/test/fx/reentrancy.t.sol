// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {FxFixture} from "./FxFixture.sol";
import {IFxRouter} from "../../interfaces/IFxRouter.sol";
import {ReentrantToken} from "../mocks/ReentrantToken.sol";
import {ScriptedPriceFeed} from "../mocks/ScriptedPriceFeed.sol";

/// A listed token that calls back into the router mid-transfer is refused by the guard on every entry point.
contract ReentrancyTest is FxFixture {
    ReentrantToken internal evil;

    function setUp() public override {
        super.setUp();
        evil = new ReentrantToken();
        ScriptedPriceFeed scripted = new ScriptedPriceFeed(8);
        scripted.set(1, 1e8, block.timestamp);
        IFxRouter.PairConfig memory config = _config(feed);
        (config.feed, config.minAnswer, config.maxAnswer) = (scripted, 1, 1e9);
        vm.prank(owner);
        router.setPair(address(evil), config);
        evil.mint(address(router), 1e24);
        evil.mint(payer, 1e24);
        vm.prank(payer);
        evil.approve(address(router), type(uint256).max);
    }

    function test_reentrancy_isRefusedOnEveryEntryPoint() public {
        bytes[3] memory reentries = [
            abi.encodeCall(router.convertExactOut, (address(usdc), address(eurc), 1e6, 2e6, block.timestamp, 0)),
            abi.encodeCall(router.deposit, (address(usdc), 1e6, 0)),
            abi.encodeCall(router.withdraw, (1))
        ];
        for (uint256 i; i < reentries.length; ++i) {
            evil.arm(address(router), reentries[i]);
            vm.prank(payer);
            router.convertExactOut(address(evil), address(usdc), 1e6, type(uint256).max, block.timestamp, 0);
            assertTrue(evil.attempted(), "re-entry attempted");
            assertFalse(evil.reentrySucceeded(), "re-entry refused");
            assertEq(
                evil.reentryRevertData(),
                abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector),
                "by the guard"
            );
        }
    }
}
