namespace ComplianceTracker.IntegrationTests;

/// <summary>
/// What the whole test run shares, made by the first test that needs it and put away here once every test is done:
/// the run's Chromium (<see cref="Browser"/>) and the template databases (<see cref="TemplateDatabases"/>).
/// </summary>
[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public async Task PutAwayWhatTheRunShared()
    {
        await Browser.CloseSharedAsync();
        await TemplateDatabases.DeleteAsync();
    }
}
