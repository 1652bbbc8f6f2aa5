package org.convene.members;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A member as the directory and coffee chats read them: every field, with what they chose to
 * share. Only {@link DirectoryRules#card} decides what of it another member sees.
 */
public record DirectoryMember(UUID id, UUID groupId, String groupSlug, String groupName,
                              String token, String email, String name, boolean verified,
                              boolean listed, Set<String> shared, Integer classYear,
                              String programme, String chapter, String industry, String employer,
                              String headline, String profileUrl, List<String> goals,
                              List<String> topics) {

  /** On the directory: verified (opened the mailed link) and chose to be listed. */
  public boolean onDirectory() {
    return verified && listed;
  }

  public boolean shares(String field) {
    return shared.contains(field);
  }
}
