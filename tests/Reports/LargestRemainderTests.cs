using DiSu.Analytics.Mart;

namespace DiSu.Analytics.Tests.Reports;

public sealed class LargestRemainderTests
{
    [Fact]
    public void Should_round_parts_so_that_they_add_up_to_the_rounded_whole()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var parts = Enumerable.Range(0, random.Next(1, 15)).Select(_ => random.NextDouble() * random.Next(1, 50)).ToList();
            var rounded = LargestRemainder.Round(parts, 1);

            Math.Round(rounded.Sum(), 1).ShouldBe(Math.Round(parts.Sum(), 1, MidpointRounding.AwayFromZero));
            rounded.Zip(parts).ShouldAllBe(p => Math.Abs(p.First - p.Second) < 0.1 + 1e-9);
        }
    }

    [Fact]
    public void Should_give_the_extra_tenth_to_the_largest_remainder()
    {
        LargestRemainder.Round([0.14, 0.14, 0.12], 1).ShouldBe([0.2, 0.1, 0.1]);
        LargestRemainder.Round([1.05, 2.05], 0).ShouldBe([1.0, 2.0]);
    }
}
