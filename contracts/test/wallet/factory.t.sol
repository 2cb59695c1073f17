// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {IPaykeyAccount} from "../../interfaces/IPaykeyAccount.sol";
import {IPaykeyAccountFactory} from "../../interfaces/IPaykeyAccountFactory.sol";
import {PaykeyAccount} from "../../wallet/PaykeyAccount.sol";
import {Vm} from "../base/Vm.sol";
import {WalletFixture} from "../base/WalletFixture.sol";

contract PaykeyAccountFactoryTest is WalletFixture {
    function test_createAccount_deploysTheAccountOfThePasskeyAtItsPredictedAddress() public {
        (bytes32 x, bytes32 y) = passkeyOf("laptop");
        address predicted = factory.getAddress(x, y, 7);
        assertEq(predicted.code.length, 0, "nothing there before");

        vm.expectEmit(address(factory));
        emit IPaykeyAccountFactory.AccountCreated(predicted, x, y, 7);
        address created = factory.createAccount(x, y, 7);

        assertEq(created, predicted, "deployed where predicted");
        PaykeyAccount deployed = PaykeyAccount(payable(created));
        assertEq(deployed.passkeyCount(), 1, "one passkey");
        assertTrue(deployed.isPasskey(x, y), "the creating passkey owns it");
        assertEq(address(deployed.entryPoint()), address(entryPoint), "trusts the factory's EntryPoint");
    }

    function test_createAccount_returnsTheExistingAccountWithoutRedeploying() public {
        vm.recordLogs();
        address again = factory.createAccount(qx, qy, 0);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(again, address(account), "same account");
        assertEq(logs.length, 0, "no AccountCreated, no PasskeyAdded");
        assertEq(account.passkeyCount(), 1, "state untouched");
    }

    function testFuzz_getAddress_isDistinctPerSaltAndMatchesDeployment(uint256 saltA, uint256 saltB) public {
        vm.assume(saltA != saltB);
        (bytes32 x, bytes32 y) = passkeyOf("fuzz");
        address a = factory.getAddress(x, y, saltA);
        assertNotEq(a, factory.getAddress(x, y, saltB), "salts give distinct accounts");
        assertEq(factory.createAccount(x, y, saltA), a, "deploys at the predicted address");
    }

    function test_createAccount_revertsWhen_KeyIsNotOnTheCurve() public {
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.InvalidPasskey.selector, qx, bytes32(uint256(qy) ^ 1)));
        factory.createAccount(qx, bytes32(uint256(qy) ^ 1), 0);
    }

    function test_initialize_revertsWhen_CalledOnTheImplementation() public {
        PaykeyAccount implementation = PaykeyAccount(payable(factory.accountImplementation()));
        (bytes32 x, bytes32 y) = passkeyOf("attacker");
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        implementation.initialize(x, y);
    }

    function test_initialize_revertsWhen_AccountIsAlreadyInitialized() public {
        (bytes32 x, bytes32 y) = passkeyOf("attacker");
        vm.prank(outsider);
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        account.initialize(x, y);
        assertFalse(account.isPasskey(x, y), "attacker key not added");
    }
}
